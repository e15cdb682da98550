/**
 * The channel-neutral reply: what the conversation layer returns and every
 * channel renders (Telegram HTML, WeCom markdown, console plain text). Text in
 * blocks is raw (unescaped): escaping is the renderer's job.
 */

/** One source under an answer, in the short form «[1] 碧江·减负松绑 第1段». */
export interface SourceItem {
  n: number;
  /** Passage id for `/source <id>`. */
  id: string;
  /** Short place: region short name · first words of the section, and the paragraph. */
  short: string;
}

/** The sources of one article: its full title once, then its citations. */
export interface SourceGroup {
  title: string;
  items: SourceItem[];
}

/** A piece of a reply, in reading order. */
export type Block =
  /** Answer text with `[n]` marks (rendered with the marks highlighted where the format allows). */
  | { type: "answer"; text: string }
  | { type: "heading"; text: string }
  /** A plain paragraph. */
  | { type: "text"; text: string }
  /** Bullet items. */
  | { type: "list"; items: string[] }
  /** Verbatim corpus text (a passage, a quoted sentence). */
  | { type: "quote"; text: string }
  /** The source list under an answer, grouped by article. */
  | { type: "sources"; groups: SourceGroup[] }
  /** Tappable follow-up questions or commands. */
  | { type: "suggestions"; intro: string; items: string[] }
  /** A command the user can type, shown as code where the format allows. */
  | { type: "hint"; text: string; command: string };

/** Something the user can do next: a button on Telegram, a typed command elsewhere. */
export type Action =
  /** Open source n (`/source <id>`), labelled by its content. */
  | { type: "source"; n: number; id: string; label: string }
  /** 👍/👎 on this answer. */
  | { type: "vote" }
  /** Ask this question. */
  | { type: "ask"; question: string }
  /** Run a command (e.g. 更多 → `/stats 碧江 更多`). */
  | { type: "command"; label: string; command: string };

/** What kind of reply this is (channels pick e.g. a welcome template or a stream by it). */
export type ReplyKind = "answer" | "refusal" | "smalltalk" | "stats" | "examples" | "sources" | "source" | "help" | "admin" | "confirm" | "notice" | "error";

/** The answer a reply carries, for the feedback store. */
export interface AnsweredQuestion {
  question: string;
  text: string;
  refused: boolean;
  citationIds: string[];
}

/** A channel-neutral reply. */
export interface Reply {
  kind: ReplyKind;
  blocks: Block[];
  actions: Action[];
  /** Set on answers, so the channel can record them for 👍/👎. */
  answered?: AnsweredQuestion;
}

/** One incoming text message, as a channel describes it. */
export interface Inbound {
  /** The channel's name, part of the follow-up context key (`telegram`, `wecom`, `console`). */
  channel: string;
  /** The chat (a group id, or the user's id in a private chat). */
  chatId: string;
  /** The sender (for logs and admin checks), when the channel knows one. */
  userId?: string;
  /** Whether the sender is on the channel's admin allow-list (see `isOnAllowList`). */
  isAdmin: boolean;
  text: string;
}

/** A parsed message: a command with its argument, or a plain question. */
export type Command =
  | { name: "ask"; arg: string }
  | { name: "help" | "stats" | "examples" | "sources" | "source" | "reindex" | "reports" | "remove" | "confirm" | "cancel"; arg: string }
  | { name: "unknown"; command: string; arg: string }
  | { name: "empty" };
