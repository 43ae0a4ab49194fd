import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

describe('sidecarscope --help and --version', () => {
  it.each([
    ['analyze', '--help'],
    ['analyze', '-h'],
    ['demo', '--help'],
    ['serve', '-h'],
    ['start', '--help'],
  ])("%s %s prints that command's options and exits 0, starting nothing", async (command, flag) => {
    const io = capture();
    expect(await main([command, flag])).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: sidecarscope ${command === 'start' ? 'serve' : command} `));
    expect(io.out()).toContain('-h, --help');
    expect(io.err()).toBe('');
  });

  it('answers --help after other options too', async () => {
    const io = capture();
    expect(await main(['analyze', 'pods.json', '--json', '--help'])).toBe(0);
    expect(io.out()).toContain('--severity');
  });

  it.each(['--version', '-v', 'version'])('prints the version for %s', async (flag) => {
    const io = capture();
    expect(await main([flag])).toBe(0);
    expect(io.out()).toMatch(/^sidecarscope \d+\.\d+\.\d+\n$/);
  });

  it('still refuses an unknown option, with the usage, exit 2', async () => {
    const io = capture();
    expect(await main(['analyze', '--frobnicate'])).toBe(2);
    expect(io.err()).toContain("Unknown option '--frobnicate'");
  });
});
