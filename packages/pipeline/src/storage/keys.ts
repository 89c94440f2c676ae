const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidStorageKeyError extends Error {
  constructor(what: string, value: string) {
    super(`${what} must be a UUID, got ${JSON.stringify(value.slice(0, 80))}`);
    this.name = 'InvalidStorageKeyError';
  }
}

function assertUuid(what: string, value: string): void {
  if (!UUID_PATTERN.test(value)) throw new InvalidStorageKeyError(what, value);
}

/** `raw/<ownerId>/<conversationId>.json` (DOMAIN.md §2.5); both ids checked before use. */
export function rawKey(ownerId: string, conversationId: string): string {
  assertUuid('owner id', ownerId);
  assertUuid('conversation id', conversationId);
  return `raw/${ownerId.toLowerCase()}/${conversationId.toLowerCase()}.json`;
}

/** `<ownerId>/<conversationId>/enriched.json` (DOMAIN.md §2.5). */
export function enrichedKey(ownerId: string, conversationId: string): string {
  assertUuid('owner id', ownerId);
  assertUuid('conversation id', conversationId);
  return `${ownerId.toLowerCase()}/${conversationId.toLowerCase()}/enriched.json`;
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
