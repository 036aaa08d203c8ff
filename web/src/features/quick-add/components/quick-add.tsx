import { useEffect, useRef, useState } from 'preact/hooks';
import { toast } from '../../../components/toasts.js';
import { describeError } from '../../../lib/api.js';
import { session } from '../../../lib/session.js';
import type { TaskView } from '../../../lib/types.js';
import { useProjects } from '../../projects/store.js';
import { createFromLine, parseLine, type QuickAddResult } from '../api.js';
import { chipsOf } from '../chips.js';
import { onFocusQuickAdd } from '../focus.js';
import '../quick-add.css';

const PAUSE_MS = 150;

/**
 * One line to a task: "Call mom tomorrow 6pm #family !high every sunday @Inbox". What the server
 * understood shows as chips while typing; removing one keeps its words in the title; Enter saves.
 * `onCreated` lets the list show the task at once rather than on its live event.
 */
export function QuickAdd(props: { projectId?: string; onCreated?: (task: TaskView) => void }) {
  const [text, setText] = useState('');
  const [literal, setLiteral] = useState<string[]>([]);
  const [parsed, setParsed] = useState<{ key: string; result: QuickAddResult } | null>(null);
  const [message, setMessage] = useState('');
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { projects } = useProjects();
  const key = JSON.stringify([text, literal]);
  const latest = useRef(key);
  latest.current = key;

  useEffect(() => onFocusQuickAdd(() => input.current?.focus()), []);
  useEffect(() => {
    setMessage('');
    if (!text.trim()) return setParsed(null);
    const timer = setTimeout(() => {
      parseLine(text, literal).then(
        (result) => latest.current === key && setParsed({ key, result }),
        (err) => latest.current === key && setMessage(describeError(err)),
      );
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [key]);

  const shown = parsed && text.trim() ? parsed.result : null;
  const name = (id: string) => projects?.find((p) => p.id === id)?.name ?? 'a project';
  const chips = shown ? chipsOf(shown, name, session.get()?.user.timezone) : [];

  const save = async () => {
    if (!text.trim() || saving) return;
    setSaving(true);
    try {
      const result = parsed?.key === key ? parsed.result : await parseLine(text, literal);
      if (!result.task) {
        setParsed({ key, result });
        setMessage(result.problems.map((p) => p.message).join(' · '));
        return;
      }
      const task = await createFromLine(result.task, props.projectId);
      setText('');
      setLiteral([]);
      setParsed(null);
      toast(`Created "${task.title}"`);
      props.onCreated?.(task);
    } catch (err) {
      setMessage(describeError(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      class="quick-add"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label for="quick-add" class="visually-hidden">
        Quick add
      </label>
      <input
        id="quick-add"
        ref={input}
        value={text}
        placeholder="Quick add: Call mom tomorrow 6pm #family !high  ( q )"
        autocomplete="off"
        aria-keyshortcuts="q"
        aria-describedby="quick-add-preview"
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          if (text) {
            e.preventDefault();
            setText('');
            setLiteral([]);
          } else input.current?.blur();
        }}
      />
      <div id="quick-add-preview" class="quick-add-preview" aria-live="polite">
        {shown && shown.title && <span class="quick-add-title">{shown.title}</span>}
        {chips.length > 0 && (
          <ul aria-label="Understood">
            {chips.map((chip) => (
              <li key={chip.key} class={`chip ${chip.problem ? 'problem-chip' : 'plain'}`}>
                {chip.label}
                <button
                  type="button"
                  class="icon"
                  aria-label={`Keep “${chip.text}” as text`}
                  onClick={() => {
                    setLiteral([...literal, chip.text]);
                    input.current?.focus();
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {message && <p class="error">{message}</p>}
      </div>
    </form>
  );
}
