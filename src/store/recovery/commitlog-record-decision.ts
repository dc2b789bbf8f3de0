// What commit log recovery does with the bytes at its scan position: a decision table, so every
// case is written down once and a test can walk every combination of the inputs.
//
//   blank   magic  size in  fits in  CRC   decision      why
//   marker  ok     bounds   segment  ok
//   yes     -      yes      -        -     next segment  END_FILE blank: the rest of the segment is padding
//   yes     -      no       -        -     truncate      a blank whose size is not the rest of the segment
//   no      no     -        -        -     truncate      zeros (end of data) or garbage
//   no      yes    no       -        -     truncate      TOTALSIZE outside [91, largest record]
//   no      yes    yes      no       -     truncate      record + 8-byte blank would overrun the segment
//   no      yes    yes      yes      no    truncate      torn or corrupt: CRC, lengths or offset wrong
//   no      yes    yes      yes      yes   accept        an intact record
//
// Inputs:
//   blankMarker    MAGICCODE is 0xCBD43194
//   magicOk        MAGICCODE is a message magic (v1 0xDAA320A7 or 5.x v2 0xDAA320AB)
//   sizeInBounds   blank: TOTALSIZE equals the bytes left in the segment;
//                  message: TOTALSIZE in [91, maxMessageSize + 64 KiB]
//   fitsInSegment  message: TOTALSIZE + 8 <= bytes left in the segment (the writer always keeps
//                  room for the blank marker)
//   crcOk          body CRC matches (when checkCRCOnRecover), the field lengths add up to
//                  TOTALSIZE, PHYSICALOFFSET is the record's own offset (a stale record left
//                  from before an earlier truncation never passes for a new one), and no part
//                  outside the body reads as the zeros a torn write leaves (topic bytes, the
//                  last properties byte, STORETIMESTAMP): the body CRC alone does not cover them
import { assert } from '../../common/assert.js';

export type RecordDecision = 'accept' | 'truncate' | 'nextSegment';

export interface RecordInputs {
  blankMarker: boolean;
  magicOk: boolean;
  sizeInBounds: boolean;
  fitsInSegment: boolean;
  crcOk: boolean;
}

type Cell = boolean | '-';

export interface DecisionRow {
  readonly when: readonly [blankMarker: Cell, magicOk: Cell, sizeInBounds: Cell, fitsInSegment: Cell, crcOk: Cell];
  readonly decision: RecordDecision;
  readonly why: string;
}

export const recordDecisionTable: readonly DecisionRow[] = [
  { when: [true, '-', true, '-', '-'], decision: 'nextSegment', why: 'END_FILE blank marker' },
  { when: [true, '-', false, '-', '-'], decision: 'truncate', why: 'blank marker whose size is not the rest of the segment' },
  { when: [false, false, '-', '-', '-'], decision: 'truncate', why: 'no message magic (zeros or garbage)' },
  { when: [false, true, false, '-', '-'], decision: 'truncate', why: 'TOTALSIZE out of bounds' },
  { when: [false, true, true, false, '-'], decision: 'truncate', why: 'record would overrun its segment' },
  { when: [false, true, true, true, false], decision: 'truncate', why: 'CRC, field lengths or physical offset wrong' },
  { when: [false, true, true, true, true], decision: 'accept', why: 'intact record' },
];

export function inputsAsRow(inputs: RecordInputs): readonly boolean[] {
  return [inputs.blankMarker, inputs.magicOk, inputs.sizeInBounds, inputs.fitsInSegment, inputs.crcOk];
}

export function rowMatches(row: DecisionRow, inputs: RecordInputs): boolean {
  const values = inputsAsRow(inputs);
  return row.when.every((cell, i) => cell === '-' || cell === values[i]);
}

/** The table's row for these inputs (rows are disjoint and cover every combination). */
export function decideRecord(inputs: RecordInputs): DecisionRow {
  const row = recordDecisionTable.find((r) => rowMatches(r, inputs));
  assert(row !== undefined, `the decision table has a row for ${JSON.stringify(inputs)}`);
  return row;
}
