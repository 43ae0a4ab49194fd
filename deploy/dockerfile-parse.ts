/** A minimal Dockerfile reader for the image tests: instructions grouped by build stage. */

/** One instruction: keyword upper-cased, arguments as written (continuations joined). */
export interface Instruction {
  keyword: string;
  args: string;
}

/** A build stage: its `FROM` arguments, alias and instructions after the `FROM`. */
export interface Stage {
  from: string;
  alias: string | undefined;
  instructions: Instruction[];
}

/** The parsed file: instructions before the first `FROM` (global ARGs) and the stages. */
export interface Dockerfile {
  preamble: Instruction[];
  stages: Stage[];
}

function toInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    current += (current === '' ? '' : ' ') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      logical.push(current);
      current = '';
    }
  }
  if (current !== '') logical.push(current);
  return logical.map((line) => {
    const space = line.search(/\s/);
    return space < 0 ? { keyword: line.toUpperCase(), args: '' } : { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
  });
}

/** Parses Dockerfile text. */
export function parseDockerfile(text: string): Dockerfile {
  const result: Dockerfile = { preamble: [], stages: [] };
  for (const instruction of toInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction.args);
      result.stages.push({ from: match?.[1] ?? instruction.args, alias: match?.[2], instructions: [] });
    } else {
      const stage = result.stages.at(-1);
      if (stage === undefined) result.preamble.push(instruction);
      else stage.instructions.push(instruction);
    }
  }
  return result;
}
