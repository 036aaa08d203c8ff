// The native argon2 module loads on first use, keeping it off the start-up path of functions that never hash.
const argon2 = () => import('@node-rs/argon2');

/** argon2id (the library's default algorithm) at its defaults: 19 MiB, 2 passes, 1 lane, OWASP's baseline. */
export async function hashPassword(password: string): Promise<string> {
  const { hash } = await argon2();
  return hash(password);
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash in constant time. With no hash (unknown email) it still
 * verifies against a decoy, so the answer takes as long as for a wrong password.
 */
export async function checkPassword(
  storedHash: string | undefined,
  password: string,
): Promise<boolean> {
  const { verify } = await argon2();
  if (storedHash === undefined) {
    decoy ??= hashPassword(crypto.randomUUID());
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
