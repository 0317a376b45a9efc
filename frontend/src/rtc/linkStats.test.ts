import { describe, expect, it } from 'vitest';
import { linkKindFromStats } from './linkStats';

const report = (entries: Array<Record<string, unknown> & { id: string }>) => new Map(entries.map((e) => [e.id, e]));

describe('linkKindFromStats', () => {
  const local = (type: string) => ({ id: 'L', type: 'local-candidate', candidateType: type });
  const remote = (type: string) => ({ id: 'R', type: 'remote-candidate', candidateType: type });
  const pairEntry = { id: 'P', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R', state: 'succeeded', nominated: true };
  const transport = { id: 'T', type: 'transport', selectedCandidatePairId: 'P' };

  it('reports relay when our side uses a TURN relay candidate', () => {
    expect(linkKindFromStats(report([transport, pairEntry, local('relay'), remote('srflx')]))).toBe('relay');
  });
  it('reports relay when the remote side is relayed', () => {
    expect(linkKindFromStats(report([transport, pairEntry, local('host'), remote('relay')]))).toBe('relay');
  });
  it('reports direct for host / srflx / prflx pairs', () => {
    expect(linkKindFromStats(report([transport, pairEntry, local('host'), remote('host')]))).toBe('direct');
    expect(linkKindFromStats(report([transport, pairEntry, local('srflx'), remote('prflx')]))).toBe('direct');
  });
  it('follows the transport selection rather than other pairs', () => {
    const other = { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R', state: 'succeeded', nominated: true };
    const relayLocal = { id: 'L2', type: 'local-candidate', candidateType: 'relay' };
    expect(linkKindFromStats(report([transport, other, relayLocal, pairEntry, local('host'), remote('host')]))).toBe('direct');
  });
  it('falls back to the selected pair without a transport entry (Firefox)', () => {
    expect(linkKindFromStats(report([{ ...pairEntry, selected: true }, local('relay'), remote('host')]))).toBe('relay');
  });
  it('returns null when nothing is selected yet', () => {
    expect(linkKindFromStats(report([{ ...pairEntry, state: 'in-progress', nominated: false }, local('host')]))).toBeNull();
    expect(linkKindFromStats(new Map())).toBeNull();
  });
});
