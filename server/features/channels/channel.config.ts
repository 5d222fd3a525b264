/** Where the platforms' APIs are (the real ones, or the fakes in tests and the demo) and how long to wait for them; read by config.ts. */
export interface ChannelConfig {
  meta: {
    /** Base URL of the Graph API, without the version (https://graph.facebook.com). */
    graphUrl: string;
    /** Graph API version in every path (v25.0). */
    graphVersion: string;
  };
  /** X API v2 base URL (https://api.x.com). */
  x: { apiUrl: string };
  /** LINE Messaging API base URL (https://api.line.me). */
  line: { apiUrl: string };
  /** Telegram Bot API base URL (https://api.telegram.org). */
  telegram: { apiUrl: string };
  /** The inbound SMTP listener: off when port is undefined. */
  smtp: { port: number | undefined; host: string; maxBytes: number; allowedClients: string[] };
  /** How long one platform API call may take before it counts as a transient failure. */
  timeoutMs: number;
}
