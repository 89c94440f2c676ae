/** The slice of each metadata row the demo writer reads. */
export interface DemoPersona {
  id: string | null;
  key: string;
  name: string;
  archetype: string;
  phrases: string[];
  situation: string;
}

export interface DemoArc {
  id: string | null;
  key: string;
  startingEmotion: string;
  startingRange: [number, number];
  endingEmotion: string;
  endingRange: [number, number];
  phrases: string[];
  turnRange: [number, number];
}

export interface DemoTopic {
  id: string | null;
  key: string;
  name: string;
  questions: string[];
  concepts: string[];
}

export interface DemoCatalog {
  personas: DemoPersona[];
  arcs: DemoArc[];
  topics: DemoTopic[];
  templateIds: string[];
}

/** Quoted phrases inside free-text descriptions ("I know I should know this"). */
export function quotedPhrases(...texts: (string | null | undefined)[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    for (const match of (text ?? '').matchAll(/"([^"]{6,80})"/g)) {
      const phrase = match[1]!.replace(/\.\.\.$/, '').trim();
      if (!phrase.includes('[')) found.push(phrase);
    }
  }
  return found;
}
