import type { Priority } from '../schemas/task.js';

export interface QuickAddProject {
  id: string;
  name: string;
  is_inbox: boolean;
  /** The user's role: only `editor` and `admin` may add tasks. */
  role: string;
}

/** A mark found in the text: what it means, or why it means nothing. */
export type Mark =
  | { kind: 'tag'; start: number; end: number; value: string }
  | { kind: 'priority'; start: number; end: number; value: Priority }
  | { kind: 'project'; start: number; end: number; value: string }
  | { kind: 'tag' | 'priority' | 'project'; start: number; end: number; problem: string };

const PRIORITY_WORDS: Record<string, Priority> = {
  low: 'low',
  medium: 'medium',
  med: 'medium',
  high: 'high',
  urgent: 'urgent',
  '1': 'urgent',
  '2': 'high',
  '3': 'medium',
  '4': 'low',
};
/** Punctuation that ends a sentence rather than belongs to a name: "#home." is the tag "home". */
const TRAILING = /[.,;:!?)\]}"']+$/u;

/**
 * `#tag` (with a letter in it: "#1" and "issue #123" are words), `!low` … `!urgent` or `!1` (urgent) …
 * `!4` (low), and `@Project`, each at the start of a word ("bob@example.com" and "Wow!" are words).
 */
export function findMarks(text: string, projects: readonly QuickAddProject[]): Mark[] {
  const marks: Mark[] = [];
  for (const m of text.matchAll(/(?<!\S)([#!@])(\S+)/gu)) {
    const [sigil, raw] = [m[1]!, m[2]!.replace(TRAILING, '')];
    const start = m.index;
    const end = start + 1 + raw.length;
    if (raw === '') continue;
    if (sigil === '#') {
      if (!/\p{L}/u.test(raw)) continue;
      marks.push(
        raw.length > 50
          ? { kind: 'tag', start, end, problem: 'Keep a tag name to 50 characters or fewer' }
          : { kind: 'tag', start, end, value: raw },
      );
    } else if (sigil === '!') {
      if (!/^[\p{L}\p{N}]/u.test(raw)) continue;
      const value = PRIORITY_WORDS[raw.toLowerCase()];
      marks.push(
        value
          ? { kind: 'priority', start, end, value }
          : {
              kind: 'priority',
              start,
              end,
              problem: 'A priority is !low, !medium, !high or !urgent (or !4 … !1)',
            },
      );
    } else {
      marks.push(
        projectMark(text, start, projects) ?? {
          kind: 'project',
          start,
          end,
          problem: `You have no project named “${raw}”`,
        },
      );
    }
  }
  return marks;
}

/** The user's project named right after the `@` at `at`: the longest name that matches whole words, any case. */
function projectMark(text: string, at: number, projects: readonly QuickAddProject[]): Mark | null {
  const after = text.slice(at + 1).toLowerCase();
  const named = (name: string) => {
    const n = name.toLowerCase();
    return after.startsWith(n) && !/^[\p{L}\p{N}_-]/u.test(after.slice(n.length));
  };
  const hit =
    [...projects].sort((a, b) => b.name.length - a.name.length).find((p) => named(p.name)) ??
    (named('inbox') ? projects.find((p) => p.is_inbox) : undefined);
  if (!hit) return null;
  const end = at + 1 + (named(hit.name) ? hit.name.length : 'inbox'.length);
  if (hit.role !== 'editor' && hit.role !== 'admin')
    return {
      kind: 'project',
      start: at,
      end,
      problem: `You can only view “${hit.name}”: ask its admin to make you an editor`,
    };
  return { kind: 'project', start: at, end, value: hit.id };
}
