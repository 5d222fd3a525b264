/** X's snowflake epoch: ids carry their creation time (ms since this instant) above bit 22. */
const snowflakeEpoch = 1_288_834_974_657n;

/** A user the fake X knows. */
export interface FakeXUser {
  id: string;
  username: string;
  name: string;
  verified?: boolean;
  followers?: number;
}

/** A post in the fake X, with what search operators and the v2 / v1.1 presenters need. */
export interface FakeXPost {
  id: string;
  text: string;
  authorId: string;
  createdAt: number;
  conversationId: string;
  inReplyToUserId?: string;
  references: Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }>;
  /** Ids of the users the text @mentions (known users only). */
  mentions: string[];
  metrics: { retweet_count: number; reply_count: number; like_count: number; quote_count: number; bookmark_count: number; impression_count: number };
  lang: string;
}

/** What a new post is made from: its author (id or username) and text, optionally what it answers or quotes. */
export interface NewFakePost {
  /** The post's id when it already exists elsewhere (a post Rapport has stored); a new snowflake otherwise. */
  id?: string;
  author: string;
  text: string;
  inReplyTo?: string;
  quoteOf?: string;
  at?: number;
  lang?: string;
  metrics?: Partial<FakeXPost['metrics']>;
}

/** The users and posts of the fake, and its id generator. */
export interface FakeXStore {
  users: Map<string, FakeXUser>;
  /** Oldest first (ids increase with time). */
  posts: FakeXPost[];
  now: () => number;
  nextId(at?: number): string;
  userByName(username: string): FakeXUser | undefined;
  addUser(user: FakeXUser): FakeXUser;
  addPost(input: NewFakePost): FakeXPost;
  post(id: string): FakeXPost | undefined;
}

/** Numeric order of snowflake ids as strings. */
export function compareIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}

/** Creates an empty store on a clock. */
export function createFakeXStore(now: () => number): FakeXStore {
  let last = 0n;
  const store: FakeXStore = {
    users: new Map(),
    posts: [],
    now,
    nextId(at = now()) {
      let id = ((BigInt(Math.floor(at)) - snowflakeEpoch) << 22n) | BigInt(Math.floor(Math.random() * 1024) << 12);
      if (id <= last) id = last + 1n;
      last = id;
      return id.toString();
    },
    userByName: (username) => [...store.users.values()].find((user) => user.username.toLowerCase() === username.replace(/^@/, '').toLowerCase()),
    addUser(user) {
      store.users.set(user.id, user);
      return user;
    },
    post: (id) => store.posts.find((post) => post.id === id),
    addPost(input) {
      const author = store.users.get(input.author) ?? store.userByName(input.author);
      if (author === undefined) throw new Error(`fake X: unknown author ${input.author}`);
      const parent = input.inReplyTo === undefined ? undefined : store.post(input.inReplyTo);
      const at = input.at ?? now();
      if (input.id !== undefined && store.post(input.id) !== undefined) throw new Error(`fake X: post ${input.id} exists`);
      const id = input.id ?? store.nextId(at);
      const mentions = [...input.text.matchAll(/@(\w{1,15})/g)].map((match) => store.userByName(match[1] ?? '')?.id).filter((userId): userId is string => userId !== undefined);
      const post: FakeXPost = {
        id, text: input.text, authorId: author.id, createdAt: at, conversationId: parent?.conversationId ?? input.inReplyTo ?? id,
        ...(parent === undefined ? {} : { inReplyToUserId: parent.authorId }),
        references: [
          ...(input.inReplyTo === undefined ? [] : [{ type: 'replied_to' as const, id: input.inReplyTo }]),
          ...(input.quoteOf === undefined ? [] : [{ type: 'quoted' as const, id: input.quoteOf }]),
        ],
        mentions: [...new Set([...mentions, ...(parent === undefined ? [] : [parent.authorId])])],
        metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0, ...input.metrics },
        lang: input.lang ?? 'en',
      };
      store.posts.push(post);
      store.posts.sort((a, b) => compareIds(a.id, b.id));
      if (parent !== undefined) parent.metrics.reply_count += 1;
      return post;
    },
  };
  return store;
}
