/**
 * Rapport's own customer-care valence entries (VADER's -4..+4 scale), written for complaints that carry
 * no emotional words: service failures, waiting, money and access problems. Multi-word keys are phrases.
 * They override or extend the general lexicon when the default lexicon model is built.
 */
export const CARE_LEXICON: Readonly<Record<string, number>> = {
  // service failures
  cancelled: -1.8, canceled: -1.8, cancellation: -1.2, cancelling: -1.4, canceling: -1.4,
  delayed: -1.8, delay: -1.5, delays: -1.6, late: -1.3, later: 0, overbooked: -2, oversold: -1.8,
  stranded: -2.4, stuck: -1.8, missed: -1.4, missing: -1.5, lost: -1.8, damaged: -2, broken: -2,
  outage: -2.2, down: -0.6, crashed: -2, crashing: -1.9, crashes: -1.8, glitch: -1.5, bug: -1.2,
  error: -1.5, errors: -1.5, fails: -1.8, failing: -1.8, failed: -1.9, declined: -1.5, denied: -1.8,
  charged: -1, overcharged: -2.4, 'double charged': -2.4, 'charged twice': -2.4, fee: -0.6, fees: -0.8,
  refund: -1, refunds: -0.9, 'no refund': -2.2, rebook: -0.6, rebooked: -0.4, rebooking: -0.6,
  diverted: -1.4, grounded: -1, tarmac: -0.8, 'sat on the tarmac': -2, 'missed connection': -2.2, 'missed my connection': -2.2,
  disconnected: -1.6, 'hung up': -2.2, 'hang up': -1.6, unreachable: -1.8, unanswered: -1.7, ignored: -2, ignoring: -2,
  'lost luggage': -2.2, 'lost bag': -2.2, 'lost my bag': -2.4, 'lost my luggage': -2.4, 'where is my': -1,
  'no one': -1.4, nobody: -1.3, nothing: -0.6, 'no response': -2, 'no reply': -2, 'no answer': -1.8, 'no help': -2.2,
  'no update': -1.8, 'no updates': -1.8, 'no info': -1.6, 'no information': -1.6, 'no explanation': -2,
  'never arrived': -2.4, 'never received': -2.2, 'never got': -1.8, 'never showed': -2, 'still waiting': -2.2,
  'still no': -2, 'still not': -1.8, 'still have not': -2, "still haven't": -2, 'still nothing': -2.2,
  'on hold': -1.8, 'been waiting': -1.8, 'waiting for': -1, waited: -1.4, waiting: -1.2, wait: -0.6, 'long wait': -2,
  'not working': -2, "doesn't work": -2, 'does not work': -2, "didn't work": -1.8, "won't let me": -1.8,
  "can't get through": -2, 'cant get through': -2, "can't log in": -2, "can't login": -2, 'locked out': -2,
  'not helpful': -2, unhelpful: -2, 'not happy': -2.2, 'not impressed': -2, 'not acceptable': -2.4,
  'waste of time': -2.6, 'waste of money': -2.6, 'what a joke': -2.4, 'so much for': -1.6, 'thanks for nothing': -2.8,
  'yeah right': -1.5, 'fix this': -1.4, 'fix it': -1.2, 'sort it out': -1.3, 'get it together': -2, 'do better': -1.8,
  'last time': -1.2, 'never again': -2.6, 'never fly': -2.6, 'switching to': -1.6, 'take my business': -2,
  hours: -0.8, hrs: -0.8, hour: -0.6, hr: -0.5, mins: -0.4, days: -0.5, weeks: -0.6,
  excuse: -1.5, excuses: -1.8, 'same answer': -1.2, again: -0.3, seriously: -1, ridiculous: -2.2, unacceptable: -2.6,
  incompetent: -2.8, incompetence: -2.8, clueless: -2, rude: -2.4, worst: -3.1, terrible: -2.8, horrible: -2.8,
  why: -0.4, how: 0, 'how long': -1.2, 'why is': -0.9, 'why are': -0.9, 'why do': -0.8, 'why does': -0.8, 'why did': -0.8,
  // words the general lexicon scores but which are neutral in requests
  help: 0, please: 0, pls: 0, plz: 0, like: 0.5, ok: 0.2, okay: 0.2, want: 0, care: 0.3, customer: 0, service: 0,
  'customer service': 0, support: 0, credit: 0, united: 0, free: 0.4, reward: 0.6, hope: 0.5, hopefully: 0.6,
  wow: 0.4, yes: 0.3, yeah: 0.3, hoping: 0.3, improvement: 0.5, improve: 0.3, better: 0.6, 'would have': 0, 'could have': 0,
  "can't find": -1.3, 'cannot find': -1.3, "can't even": -1.4, 'less than helpful': -2.2, 'not even': -0.6,
  // genuine praise in care threads
  thanks: 1.8, thank: 1.8, thx: 1.6, ty: 1.4, appreciated: 2.2, appreciate: 2, grateful: 2.4, 'thank you': 2,
  'thanks so much': 2.6, 'thank you so much': 2.8, 'much appreciated': 2.6, 'great service': 3, 'great job': 2.8,
  'customer for life': 3, 'above and beyond': 3, 'on time': 1.2, 'early': 0.6, resolved: 1.6, sorted: 1.2, fixed: 1.2,
  helpful: 2, friendly: 2.2, smooth: 1.6, upgraded: 1.4, upgrade: 0.8, kudos: 2.4, shoutout: 1.8, 'shout out': 1.8,
  // emoji (VADER's lexicon only covers ASCII emoticons)
  '😀': 2, '😃': 2, '😄': 2.2, '😁': 2, '😆': 1.8, '😊': 2.2, '🙂': 1.2, '😍': 3, '🥰': 3, '😘': 2.4, '🤩': 2.6,
  '😂': 1.2, '🤣': 1.2, '😅': 0.6, '😉': 1.2, '😎': 1.6, '👍': 1.8, '👏': 2, '🙌': 2.2, '🙏': 1, '💯': 1.6, '🎉': 2.4,
  '❤': 2.8, '❤️': 2.8, '♥': 2.6, '💙': 2.6, '💜': 2.6, '💕': 2.6, '😇': 2, '✨': 1.2, '🔥': 1, '😌': 1, '👌': 1.6,
  '😞': -2, '😔': -2, '😟': -1.8, '😕': -1.6, '🙁': -1.8, '☹': -2, '☹️': -2, '😣': -2, '😖': -2.2, '😫': -2.4,
  '😩': -2.4, '😢': -2.4, '😭': -2.6, '😤': -2.4, '😠': -2.8, '😡': -3.2, '🤬': -3.4, '😒': -2, '🙄': -2.2, '😑': -1.4,
  '😐': -0.6, '🤦': -2, '🤦‍♂️': -2, '🤦‍♀️': -2, '👎': -2.2, '💩': -2.4, '😱': -1.6, '😰': -2, '😨': -2, '😓': -1.6,
  '🤔': -0.4, '😬': -1, '💔': -2.6, '🤮': -3, '🤢': -2.6, '😴': -0.8, '⏰': -0.4, '⌛': -0.6, '⏳': -0.6,
};

/** Words that flip the valence of what follows within three tokens. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'nor', 'neither', 'nothing', 'nobody', 'none', 'without', 'hardly', 'barely', 'rarely', 'cannot',
  "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt',
  "weren't", 'werent', "won't", 'wont', "wouldn't", 'wouldnt', "can't", 'cant', "couldn't", 'couldnt', "shouldn't",
  'shouldnt', 'less', "would've", "could've", "should've", "haven't", 'havent', "hasn't", 'hasnt', "hadn't", 'hadnt', "ain't", 'aint', 'nope', 'nah',
]);

/** Intensity modifiers: positive values amplify, negative values dampen. */
export const BOOSTERS: Readonly<Record<string, number>> = {
  absolutely: 0.293, amazingly: 0.293, completely: 0.293, so: 0.293, very: 0.293, really: 0.293, extremely: 0.293,
  totally: 0.293, utterly: 0.293, incredibly: 0.293, super: 0.293, truly: 0.293, highly: 0.293, most: 0.293,
  hugely: 0.293, deeply: 0.293, especially: 0.293, entirely: 0.293, fully: 0.293, beyond: 0.293, too: 0.2,
  soo: 0.35, sooo: 0.4, freaking: 0.35, fucking: 0.4, effing: 0.35, damn: 0.3, hella: 0.3, mega: 0.3,
  kinda: -0.293, 'kind of': -0.293, somewhat: -0.293, slightly: -0.293, barely: -0.293, sort: -0.2, almost: -0.293,
  little: -0.2, marginally: -0.293, occasionally: -0.293, partly: -0.293, scarcely: -0.293, bit: -0.2,
};

/** Positive words that read as sarcasm when the same message reports a service failure. */
export const SARCASM_PRONE: ReadonlySet<string> = new Set([
  'thanks', 'thank', 'great', 'love', 'awesome', 'nice', 'wonderful', 'fantastic', 'brilliant', 'perfect', 'lovely',
  'amazing', 'excellent', 'fun', 'glad', 'cool', 'super', 'superb', 'outstanding',
]);

/** Phrases that mark what follows as sarcastic ("love how", "gotta love"). */
export const SARCASM_MARKERS: ReadonlySet<string> = new Set([
  'love how', 'love that', 'love when', 'gotta love', 'got to love', 'just great', 'oh great', 'great job',
  'nice job', 'well done', 'good job', 'thanks a lot', 'so glad', 'how nice', 'real nice', 'just perfect',
]);
