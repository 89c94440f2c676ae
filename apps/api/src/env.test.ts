import { describe, expect, it } from 'vitest';
import { InvalidEnvironmentError, parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('applies defaults: port 3000, embedded database in ./.data', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toMatch(/\.data$/);
    expect(env.STORAGE_ROOT).toBe(`${env.DATA_DIR}/storage`);
  });

  it('stops on a bad value with a message naming the variable and the value', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL="mysql:\/\/x".*postgres:\/\//,
    );
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
