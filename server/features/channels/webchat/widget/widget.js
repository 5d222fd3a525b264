/*
 * Rapport web chat widget. One tag on the brand's pages:
 *   <script src="https://rapport.example/webchat/widget.js" data-account="ACCOUNT_ID" async></script>
 * Optional, for a signed-in user: data-user-id, data-user-name, data-user-email and data-user-hash (the hex
 * HMAC-SHA256 of the user id with the account's identity secret, computed on the brand's server).
 * Plain JavaScript, no dependencies; everything a customer or an agent wrote is shown as text, never as HTML.
 * The protocol is described in webchat.protocol.ts next to this file.
 */
/* global window, document, localStorage, WebSocket, URL, crypto, CSSStyleSheet, console, setTimeout, clearTimeout */
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[data-account][src*="/webchat/widget.js"]');
  if (!script || window.__rapportChat) return;
  window.__rapportChat = true;
  var account = script.getAttribute('data-account');
  if (!account) {
    console.warn('Rapport chat: the script tag needs data-account="<account id>"');
    return;
  }
  var base = new URL(script.src, document.baseURI);
  var socketUrl = (base.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + base.host + '/webchat/socket?account=' + encodeURIComponent(account);
  var storeKey = 'rapport-chat:' + account;
  var user = {};
  ['id', 'name', 'email', 'hash'].forEach(function (key) {
    var value = script.getAttribute('data-user-' + key);
    if (value) user[key] = value;
  });

  var css = [
    ':host{all:initial}',
    '*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.4}',
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 20px;background:#1d4ed8;color:#fff;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}',
    '.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}',
    '.panel{position:fixed;right:20px;bottom:80px;z-index:2147483000;width:min(360px,calc(100vw - 40px));height:min(520px,calc(100vh - 120px));display:flex;flex-direction:column;background:#fff;color:#111827;border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.3);overflow:hidden}',
    '.panel[hidden]{display:none}',
    'header{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#1d4ed8;color:#fff}',
    'h2{margin:0;font-size:16px;font-weight:600}',
    '.close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px}',
    'ol{list-style:none;margin:0;padding:12px;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:8px}',
    'li{max-width:85%;padding:8px 12px;border-radius:12px;background:#f3f4f6;align-self:flex-start}',
    'li.visitor{align-self:flex-end;background:#dbeafe}',
    'li.failed{background:#fee2e2}',
    '.text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.meta{display:block;font-size:12px;color:#4b5563;margin-top:2px}',
    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
    '.status{margin:0;padding:0 14px;font-size:13px;color:#92400e;min-height:1.2em}',
    'form{display:flex;flex-direction:column;gap:6px;padding:10px 12px;border-top:1px solid #e5e7eb}',
    'label{font-size:13px;color:#374151}',
    '.row{display:flex;gap:8px}',
    'textarea{flex:1;resize:none;border:1px solid #9ca3af;border-radius:8px;padding:8px;color:#111827;background:#fff}',
    '.send{border:0;border-radius:8px;padding:0 16px;background:#1d4ed8;color:#fff;font-weight:600;cursor:pointer}',
    '.send:disabled{background:#9ca3af;cursor:default}',
  ].join('\n');

  var host, launcher, badge, panel, title, log, status, input, sendButton;
  var messages = [];
  var byId = {};
  var byClientId = {};
  var outbox = load('outbox', []);
  var visitorId = load('visitor', null);
  var maxChars = 4000;
  var brand = '';
  var socket = null;
  var ready = false;
  var stopped = false;
  var attempt = 0;
  var retryTimer = null;
  var unread = 0;
  var reported = {};

  function load(key, fallback) {
    try {
      var value = localStorage.getItem(storeKey + ':' + key);
      return value === null ? fallback : JSON.parse(value);
    } catch {
      return fallback;
    }
  }

  function save(key, value) {
    try {
      localStorage.setItem(storeKey + ':' + key, JSON.stringify(value));
    } catch {
      // Private browsing or a full store: the chat still works for this page view.
    }
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function build() {
    host = el('div', { id: 'rapport-chat' });
    var root = host.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el('style', {}, css));
    }
    launcher = el('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'panel' }, 'Chat with us');
    badge = el('span', {}, '');
    launcher.appendChild(badge);
    panel = el('div', { id: 'panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'title' });
    panel.hidden = true;
    var header = el('header');
    title = el('h2', { id: 'title' }, 'Chat');
    var close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '\u00d7');
    header.appendChild(title);
    header.appendChild(close);
    log = el('ol', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
    status = el('p', { class: 'status', role: 'status' }, '');
    var form = el('form');
    var label = el('label', { for: 'message' }, 'Your message');
    var row = el('div', { class: 'row' });
    input = el('textarea', { id: 'message', rows: '2', maxlength: String(maxChars), autocomplete: 'off' });
    sendButton = el('button', { type: 'submit', class: 'send' }, 'Send');
    row.appendChild(input);
    row.appendChild(sendButton);
    form.appendChild(label);
    form.appendChild(row);
    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(status);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);

    launcher.addEventListener('click', function () { setOpen(panel.hidden); });
    close.addEventListener('click', function () { setOpen(false); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') setOpen(false);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit();
    });
    document.addEventListener('visibilitychange', reportRead);
    window.addEventListener('online', function () {
      if (socket === null && !stopped && (visitorId !== null || !panel.hidden)) {
        attempt = 0;
        connect();
      }
    });
  }

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      unread = 0;
      badge.textContent = '';
      if (socket === null && !stopped) connect();
      input.focus();
      log.scrollTop = log.scrollHeight;
      reportRead();
    } else {
      launcher.focus();
    }
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function statusText(message) {
    if (message.from !== 'visitor') return '';
    if (message.status === 'pending') return 'Sending\u2026';
    if (message.status === 'failed') return 'Not sent: ' + (message.error || 'try again');
    return 'Sent';
  }

  function render(message) {
    if (!message.node) {
      message.node = el('li');
      message.node.appendChild(el('span', { class: 'sr' }, message.from === 'visitor' ? 'You said:' : (brand || 'Agent') + ' said:'));
      message.textNode = el('p', { class: 'text' }, message.text);
      message.metaNode = el('span', { class: 'meta' }, '');
      message.node.appendChild(message.textNode);
      message.node.appendChild(message.metaNode);
      var after = null;
      for (var i = messages.length - 1; i >= 0; i -= 1) {
        if (messages[i] !== message && messages[i].node && messages[i].sentAt <= message.sentAt) {
          after = messages[i];
          break;
        }
      }
      log.insertBefore(message.node, after ? after.node.nextSibling : log.firstChild);
      log.scrollTop = log.scrollHeight;
    }
    message.node.className = message.from + (message.status === 'failed' ? ' failed' : '');
    message.metaNode.textContent = statusText(message);
  }

  /** Adds a message or updates the one it repeats (same id, or the visitor's own message by its clientId). */
  function merge(incoming) {
    var known = (incoming.id && byId[incoming.id]) || (incoming.clientId && byClientId[incoming.clientId]);
    if (known) {
      if (incoming.id) {
        known.id = incoming.id;
        byId[incoming.id] = known;
      }
      if (known.from === 'agent' || known.status === 'pending' || known.status === 'failed') known.status = incoming.status;
      render(known);
      return known;
    }
    var message = { id: incoming.id, clientId: incoming.clientId, from: incoming.from, text: String(incoming.text), sentAt: incoming.sentAt, status: incoming.status };
    messages.push(message);
    if (message.id) byId[message.id] = message;
    if (message.clientId) byClientId[message.clientId] = message;
    render(message);
    return message;
  }

  function send(frame) {
    if (socket !== null && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function submit() {
    var text = input.value.trim();
    if (text === '') return;
    if (text.length > maxChars) {
      setStatus('Keep a message under ' + maxChars + ' characters.');
      return;
    }
    var item = { clientId: newClientId(), text: text, sentAt: new Date().toISOString() };
    outbox.push(item);
    save('outbox', outbox);
    merge({ clientId: item.clientId, from: 'visitor', text: text, sentAt: item.sentAt, status: 'pending' });
    input.value = '';
    if (ready) send({ type: 'message', clientId: item.clientId, text: text });
    else if (socket === null && !stopped) connect();
  }

  function flushOutbox() {
    outbox.forEach(function (item) { send({ type: 'message', clientId: item.clientId, text: item.text }); });
  }

  function dropFromOutbox(clientId) {
    outbox = outbox.filter(function (item) { return item.clientId !== clientId; });
    save('outbox', outbox);
  }

  function visible() {
    return !panel.hidden && document.visibilityState === 'visible';
  }

  function report(type, rank, wanted) {
    var ids = messages.filter(function (m) {
      return m.from === 'agent' && m.id && wanted(m) && (reported[m.id] || 0) < rank;
    }).map(function (m) { return m.id; });
    for (var i = 0; i < ids.length; i += 100) {
      var chunk = ids.slice(i, i + 100);
      if (send({ type: type, ids: chunk })) chunk.forEach(function (id) { reported[id] = rank; });
    }
  }

  function reportDelivered() {
    report('delivered', 2, function (m) { return m.status === 'sent'; });
  }

  function reportRead() {
    if (ready && visible()) report('read', 3, function (m) { return m.status !== 'read'; });
  }

  function onFrame(frame) {
    if (frame.type === 'welcome') {
      ready = true;
      attempt = 0;
      visitorId = frame.visitorId;
      save('visitor', visitorId);
      brand = frame.brand || '';
      maxChars = frame.maxChars || maxChars;
      input.setAttribute('maxlength', String(maxChars));
      title.textContent = brand ? 'Chat with ' + brand : 'Chat';
      setStatus('');
      (frame.history || []).forEach(merge);
      flushOutbox();
      reportDelivered();
      reportRead();
    } else if (frame.type === 'message' && frame.message) {
      var message = merge(frame.message);
      if (message.from === 'agent') {
        reportDelivered();
        if (visible()) reportRead();
        else if (panel.hidden) {
          unread += 1;
          badge.textContent = ' (' + unread + ' new)';
        }
      }
    } else if (frame.type === 'ack') {
      dropFromOutbox(frame.clientId);
      var acked = byClientId[frame.clientId];
      if (acked && acked.status === 'pending') {
        acked.status = 'received';
        render(acked);
      }
    } else if (frame.type === 'error') {
      onError(frame);
    }
  }

  function onError(frame) {
    var pending = frame.clientId ? byClientId[frame.clientId] : undefined;
    if (frame.code === 'IDENTITY_REJECTED') {
      stopped = true;
      setStatus('The chat is unavailable on this page: ' + frame.message);
      input.disabled = true;
      sendButton.disabled = true;
    } else if (pending && (frame.code === 'RATE_LIMITED' || frame.code === 'UNAVAILABLE')) {
      setTimeout(function () {
        if (ready && outbox.some(function (item) { return item.clientId === pending.clientId; })) send({ type: 'message', clientId: pending.clientId, text: pending.text });
      }, frame.retryAfterMs || 5000);
    } else if (pending) {
      dropFromOutbox(pending.clientId);
      pending.status = 'failed';
      pending.error = frame.message;
      render(pending);
    } else {
      setStatus(frame.message);
    }
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stopped) return;
    setStatus(attempt === 0 ? 'Connecting\u2026' : 'Reconnecting\u2026');
    try {
      socket = new WebSocket(socketUrl);
    } catch {
      socket = null;
      retry();
      return;
    }
    var current = socket;
    current.onopen = function () {
      var hello = { type: 'hello' };
      if (visitorId) hello.visitorId = visitorId;
      if (Object.keys(user).length > 0) hello.user = user;
      current.send(JSON.stringify(hello));
    };
    current.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame.type === 'string') onFrame(frame);
    };
    current.onclose = function (event) {
      if (socket !== current) return;
      socket = null;
      ready = false;
      reported = {};
      if (event.code === 4001) stopped = true;
      if (!stopped) retry();
    };
  }

  function retry() {
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    attempt += 1;
    setStatus('Reconnecting\u2026');
    retryTimer = setTimeout(connect, delay);
  }

  function start() {
    build();
    outbox.forEach(function (item) { merge({ clientId: item.clientId, from: 'visitor', text: item.text, sentAt: item.sentAt, status: 'pending' }); });
    // A returning visitor connects at once (replies may be waiting); a new one when they first open the chat.
    if (visitorId !== null || outbox.length > 0) connect();
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
