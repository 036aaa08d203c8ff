import { v7 as uuidv7 } from 'uuid';

/** Id generator port. UUIDv7 keeps ids time-ordered, so new rows append to the primary-key index. */
export interface Ids {
  next(): string;
}

export const uuidV7Ids: Ids = { next: () => uuidv7() };
