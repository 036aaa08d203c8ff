import fc from 'fast-check';
import { expect, it } from 'vitest';
import { joinList, splitList } from './list-param.js';

it('reads plain comma lists as before, and escaped commas as part of an item', () => {
  expect(splitList('high,urgent')).toEqual(['high', 'urgent']);
  expect(splitList(' a , ,b,')).toEqual(['a', 'b']);
  expect(splitList('a\\,b,home')).toEqual(['a,b', 'home']);
  expect(splitList('back\\\\slash')).toEqual(['back\\slash']);
  expect(joinList(['a,b', 'home', 'c\\d'])).toBe('a\\,b,home,c\\\\d');
});

it('gives back exactly the items it joined', () => {
  const item = fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== '');
  fc.assert(
    fc.property(fc.array(item), (items) => {
      expect(splitList(joinList(items))).toEqual(items);
    }),
  );
});
