/**
 * Console chat: the conversation layer on stdin/stdout, rendered as plain text.
 * The console is local, so its user is an admin. Logs never go to this
 * terminal's conversation: `npm start` sends them to a file (see main.ts).
 */
import readline from "node:readline";
import type { Conversation } from "../../conversation/conversation.js";
import { renderPlain } from "../../conversation/render-plain.js";
import { userMessageOf } from "../../errors.js";

/** The console's channel name (context keys are `console:<chat>`). */
export const CONSOLE_CHANNEL = "console";

/** Handle one console line; returns the reply text ("" for nothing, null to quit). */
export async function handleConsoleLine(
  conversation: Conversation,
  line: string,
  chatId = "local",
  onProgress?: (text: string) => void,
): Promise<string | null> {
  const text = line.trim();
  if (!text) return "";
  if (/^\/(quit|exit)\b/i.test(text)) return null;
  try {
    return renderPlain(await conversation.handle({ channel: CONSOLE_CHANNEL, chatId, userId: "local", isAdmin: true, text }, onProgress));
  } catch (error) {
    return userMessageOf(error);
  }
}

/** Run the console chat until EOF or /quit. */
export async function runConsoleChat(conversation: Conversation, input = process.stdin, output = process.stdout): Promise<void> {
  output.write(`${renderPlain(conversation.welcome())}\n（/help 查看命令，/quit 退出）\n`);
  const rl = readline.createInterface({ input, terminal: false });
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  // progress of a reindex, dimmed on a terminal so it reads as status, not conversation
  const progress = (t: string) => output.write(interactive ? `\x1b[2m${t}\x1b[0m\n` : `${t}\n`);
  if (interactive) output.write("> ");
  for await (const line of rl) {
    const reply = await handleConsoleLine(conversation, line, "local", progress);
    if (reply === null) break;
    if (reply) output.write(`${reply}\n\n`);
    if (interactive) output.write("> ");
  }
  rl.close();
}
