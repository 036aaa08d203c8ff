declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  /** RFC 8188 decryption; for aes128gcm Web Push (RFC 8291): the receiver's ECDH key and the subscription's auth secret. */
  export function decrypt(
    buffer: Buffer,
    params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer | string },
  ): Buffer;
}
