import { Dialog } from '../../../components/dialog.js';

/** Every key, in one place: `?` opens it. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['j / ↓', 'Next task'],
  ['k / ↑', 'Previous task'],
  ['x', 'Complete or reopen the task'],
  ['e / Enter', 'Edit the task'],
  ['#', 'Edit the task’s tags'],
  ['Delete', 'Delete the task'],
  ['s', 'Select the task (for a bulk change)'],
  ['a', 'Show its subtasks and add one'],
  ['Alt+↑ / Alt+↓', 'Move the task up or down (a project in manual order)'],
  ['n', 'New task'],
  ['/', 'Search'],
  ['u / Ctrl+Z', 'Undo the last change (complete, delete, move, edit)'],
  ['Escape', 'Close a dialog, leave a field, clear the selection'],
  ['?', 'This list'],
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <table class="shortcuts">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([key, what]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onClose} autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
