import { createDatabase, type Database, migrateDatabase } from '@refinery/db';
import { seedReferenceData } from '@refinery/pipeline/seed';
import postgres from 'postgres';

export const BASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(name: string): string {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated, seeded database for one benchmark. */
export async function freshDatabase(
  name: string,
): Promise<{ database: Database; url: string; ownerId: string }> {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = urlFor(name);
  const database = await createDatabase({ url, maxConnections: 8 });
  await migrateDatabase(database);
  const { demoOwnerId } = await seedReferenceData(database.db);
  return { database, url, ownerId: demoOwnerId };
}

export async function dropDatabase(name: string) {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
