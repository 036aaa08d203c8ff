import { request } from '../../lib/api.js';
import type { TagView } from '../../lib/types.js';

export const listTags = () => request<TagView[]>('GET', '/api/tags');
export const createTag = (name: string, color?: string) =>
  request<TagView>('POST', '/api/tags', { body: { name, ...(color ? { color } : {}) } });
export const updateTag = (id: string, patch: { name?: string; color?: string }) =>
  request<TagView>('PATCH', `/api/tags/${id}`, { body: patch });
export const deleteTag = (id: string) => request<void>('DELETE', `/api/tags/${id}`);
