import * as z from 'zod';
import { TagName } from './task.js';

export const Color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #1e90ff')
  .transform((c) => c.toLowerCase());

export const TagCreateBody = z.strictObject({ name: TagName, color: Color.optional() });
export const TagPatchBody = z.strictObject({ name: TagName.optional(), color: Color.optional() });
export type TagPatch = z.output<typeof TagPatchBody>;

export const Tag = z
  .object({ id: z.uuid(), name: z.string(), color: z.string(), task_count: z.int().min(0) })
  .meta({ id: 'Tag' });
export type TagView = z.infer<typeof Tag>;
export const TagList = z.array(Tag);
