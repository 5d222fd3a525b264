/** Where the platforms' APIs are (the real ones, or the fakes in tests and the demo) and how long to wait for them; read by config.ts. */
export interface ChannelConfig {
  meta: {
    /** Base URL of the Graph API, without the version (https://graph.facebook.com). */
    graphUrl: string;
    /** Graph API version in every path (v25.0). */
    graphVersion: string;
  };
  /**
   * X API v2 base URL (https://api.x.com), and the app's OAuth 2.0 client: the Client ID (and, for a confidential
   * client, its secret) that renews accounts' user tokens; an account's own `clientId` / `clientSecret` take precedence.
   */
  x: { apiUrl: string; clientId?: string | undefined; clientSecret?: string | undefined };
  /** LINE Messaging API base URL (https://api.line.me). */
  line: { apiUrl: string };
  /** Telegram Bot API base URL (https://api.telegram.org). */
  telegram: { apiUrl: string };
  /** The inbound SMTP listener: off when port is undefined. */
  smtp: { port: number | undefined; host: string; maxBytes: number; allowedClients: string[] };
  /** How long one platform API call may take before it counts as a transient failure. */
  timeoutMs: number;
}
