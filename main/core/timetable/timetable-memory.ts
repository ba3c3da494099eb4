import path from 'node:path';
import { readJsonOrUndefined, writeJsonAtomic } from '../storage/atomic-json';
import type { TimetableMemory } from './timetable-scheduler';

/** The timetable's memory in `<state>/timetable-memory.json`; a missing or damaged file is an empty memory. */
export function timetableMemoryFile(stateDir: string): { load: () => Promise<TimetableMemory>; save: (memory: TimetableMemory) => Promise<void> } {
  const file = path.join(stateDir, 'timetable-memory.json');
  return {
    load: async () => {
      const raw = (await readJsonOrUndefined(file)) as Partial<TimetableMemory> | undefined;
      const handled = Object.fromEntries(
        Object.entries(typeof raw?.handled === 'object' && raw.handled !== null ? raw.handled : {}).filter(([, at]) => typeof at === 'number'),
      ) as Record<string, number>;
      return { lastSeenAt: typeof raw?.lastSeenAt === 'number' ? raw.lastSeenAt : undefined, handled };
    },
    save: (memory) => writeJsonAtomic(file, memory),
  };
}
