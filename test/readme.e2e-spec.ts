/**
 * The README as a quick start (issue 14): at most 15,000 bytes, a table of
 * contents whose every entry is a heading of the README, the two set-up
 * commands exactly as CI and new users run them, and no relative link to a
 * file or heading that does not exist. Reads files only (no server).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..');
const README = path.join(REPO, 'README.md');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of every heading of a Markdown file (fenced code skipped). */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) anchors.add(anchorOf(line.replace(/^#+ /, '')));
  }
  return anchors;
}

describe('README', () => {
  const text = readFileSync(README, 'utf8');

  it('is at most 15,000 bytes (the house limit; detail belongs in docs/)', () => {
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(15_000);
  });

  it('has a table of contents naming each of its sections', () => {
    const contents = /\*\*Contents:\*\*\n\n((?:- \[.*\]\(#.*\)\n)+)/.exec(text);
    expect(contents).not.toBeNull();
    const targets = [...contents![1].matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    const sections = text
      .split('\n')
      .filter((l) => l.startsWith('## '))
      .map((l) => anchorOf(l.slice(3)));
    expect(targets).toEqual(sections);
  });

  it('keeps the two set-up commands', () => {
    expect(text).toContain('npm ci && npm start     # install, build, migrate, run the API and the worker\nnpm test ');
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split('#');
      const resolved = file ? path.join(REPO, file) : README;
      if (!existsSync(resolved)) broken.push(target);
      else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});
