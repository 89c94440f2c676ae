import type { DemoCatalog } from '@refinery/pipeline/demo';
import { generateDemoConversation } from '@refinery/pipeline/demo';

const NON_ASCII = [
  'café',
  'naïve',
  'Zürich',
  'résumé',
  'jalapeño',
  'façade',
  'São',
  'Øresund',
  'crème',
  'déjà',
  '€1.200',
  'Ærø',
  'niño',
  'coöperate',
  'Bjørn',
  'Ελληνικά',
  'доход',
  '年金',
  'tschüss',
  'smörgåsbord',
];
const FILLER = [
  'the',
  'plan',
  'covers',
  'taxes',
  'savings',
  'each',
  'month',
  'before',
  'we',
  'review',
  'your',
  'budget',
  'together',
  'and',
  'decide',
  'next',
  'steps',
  'calmly',
];

/** Every fifth word non-ASCII: the corpus exercises NFC, escaping and multi-byte paths. */
function mixWords(text: string, seed: number): string {
  return text
    .split(' ')
    .map((word, i) => ((i + seed) % 5 === 0 ? NON_ASCII[(i * 7 + seed) % NON_ASCII.length]! : word))
    .join(' ');
}

function filler(words: number, seed: number): string {
  return Array.from({ length: words }, (_, i) =>
    (i + seed) % 5 === 0
      ? NON_ASCII[(i * 3 + seed) % NON_ASCII.length]
      : FILLER[(i * 5 + seed) % FILLER.length],
  ).join(' ');
}

export interface CorpusItem {
  raw: Buffer;
  personaId: string | null;
  emotionalArcId: string | null;
  trainingTopicId: string | null;
  promptTemplateId: string | null;
  qualityScore: number | null;
  title: string;
}

/**
 * Demo conversations grown to about `targetBytes` each, with the demo's share of defects
 * (defective raws keep their defect; unparseable ones stay as generated).
 */
export function makeCorpus(
  catalog: DemoCatalog,
  count: number,
  targetBytes: number,
  seed = 'bench',
): CorpusItem[] {
  return Array.from({ length: count }, (_, index) => {
    const demo = generateDemoConversation(catalog, `${seed}-${targetBytes}`, index);
    let raw = demo.raw;
    try {
      const doc = JSON.parse(raw.toString('utf8')) as { turns?: { content?: unknown }[] };
      const turns = Array.isArray(doc.turns) ? doc.turns : [];
      for (const [i, turn] of turns.entries()) {
        if (turn && typeof turn.content === 'string' && turn.content.trim())
          turn.content = mixWords(turn.content, i + index);
      }
      const base = Buffer.byteLength(JSON.stringify(doc, null, 2));
      const contentTurns = turns.filter(
        (t) =>
          t &&
          typeof t.content === 'string' &&
          (t.content as string).trim() &&
          !(t.content as string).endsWith('\\'),
      );
      if (contentTurns.length > 0 && targetBytes > base) {
        const perTurnBytes = (targetBytes - base) / contentTurns.length;
        for (const [i, turn] of contentTurns.entries()) {
          turn.content = `${turn.content} ${filler(Math.max(1, Math.round(perTurnBytes / 6.5)), i + index)}`;
        }
      }
      raw = Buffer.from(JSON.stringify(doc, null, 2));
    } catch {
      // unparseable by design: keep the defect
    }
    return {
      raw,
      personaId: demo.personaId,
      emotionalArcId: demo.emotionalArcId,
      trainingTopicId: demo.trainingTopicId,
      promptTemplateId: demo.promptTemplateId,
      qualityScore: demo.qualityScore,
      title: demo.title,
    };
  });
}

export function averageBytes(items: CorpusItem[]): number {
  return items.reduce((n, i) => n + i.raw.length, 0) / items.length;
}
