import { expect, it } from 'vitest';
import { focusQuickAdd, onFocusQuickAdd } from './focus.js';

it('focuses the field on screen, and the one that replaces it within two seconds, but not one that comes later', () => {
  const focused: string[] = [];
  // q while the list is on screen, but being replaced (a link was just followed): the field on screen
  // takes the focus, and so does the one drawn a moment later in its place.
  const leave = onFocusQuickAdd(() => focused.push('old'), 1_000);
  focusQuickAdd(1_000);
  leave();
  const drop = onFocusQuickAdd(() => focused.push('new'), 1_300);
  expect(focused).toEqual(['old', 'new']);
  drop();
  // Only once: a field drawn again after that is left alone.
  onFocusQuickAdd(() => focused.push('again'), 1_400)();
  // q on another screen: the list's field, drawn within the two seconds, takes the focus.
  focusQuickAdd(10_000);
  onFocusQuickAdd(() => focused.push('on the list'), 11_500)();
  // One drawn later than that does not.
  focusQuickAdd(20_000);
  onFocusQuickAdd(() => focused.push('too late'), 22_500)();
  expect(focused).toEqual(['old', 'new', 'on the list']);
});
