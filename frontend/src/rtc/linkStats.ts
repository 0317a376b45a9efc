// Reads how a connection actually runs from getStats(): through a TURN relay
// when either end of the selected candidate pair is a `relay` candidate.

export type LinkKind = 'direct' | 'relay' | 'server' | 'connecting';

type StatsEntry = Record<string, unknown> & { id?: string; type?: string };

/** Accepts an RTCStatsReport (a Map) or any iterable of [id, stats] pairs. */
export function linkKindFromStats(report: { forEach(cb: (value: StatsEntry, key: string) => void): void }): 'direct' | 'relay' | null {
  const byId = new Map<string, StatsEntry>();
  report.forEach((value, key) => byId.set(value.id ?? key, value));

  let pair: StatsEntry | undefined;
  // Spec way: the transport names its selected pair.
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      pair = byId.get(s.selectedCandidatePairId);
      if (pair) break;
    }
  }
  // Firefox has no selectedCandidatePairId: fall back to the selected/nominated succeeded pair.
  if (!pair) {
    for (const s of byId.values()) {
      if (s.type !== 'candidate-pair') continue;
      if (s.selected === true || (s.nominated === true && s.state === 'succeeded')) {
        pair = s;
        break;
      }
    }
  }
  if (!pair) return null;
  const local = byId.get(String(pair.localCandidateId));
  const remote = byId.get(String(pair.remoteCandidateId));
  if (!local && !remote) return null;
  return local?.candidateType === 'relay' || remote?.candidateType === 'relay' ? 'relay' : 'direct';
}
