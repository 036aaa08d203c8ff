const MINUTE_MS = 60_000;

const minuteOf = (at: Date) => Math.floor(at.getTime() / MINUTE_MS);

/**
 * Whether setting `remindAt` on a task whose reminder was sent for `sentFor` asks for that reminder
 * again, or only writes it back. A reminder is a time to the minute (the UI's form keeps no seconds,
 * and saves every field it shows): the same minute is the reminder already sent, and must not send a
 * second one; another minute is a new reminder.
 */
export function isAlreadyReminded(sentFor: Date | null, remindAt: Date | null): boolean {
  return sentFor !== null && remindAt !== null && minuteOf(sentFor) === minuteOf(remindAt);
}
