import { CopyButton } from './copy-button';
import { FixValues } from './fix-values';
import { linkify, splitFix, toCopyText } from './fix-text';
import type { FixValue } from '@/lib/model/types';

function Prose({ text }: { text: string }) {
  return (
    <p className="mt-1 text-sm whitespace-pre-line">
      {linkify(text).map((run, i) =>
        run.type === 'text' ? (
          run.text
        ) : (
          <a key={i} href={run.href} target="_blank" rel="noreferrer" className="break-all text-sky-700 underline dark:text-sky-400">
            {run.href.replace(/^https:\/\/github\.com\//, '')}
          </a>
        ),
      )}
    </p>
  );
}

/**
 * A fix: prose, each snippet with its own copy button (the first, the one that applies, also
 * behind "Copy fix"), and where its values came from.
 */
export function FixBody({ fix, values }: { fix: string; values?: FixValue[] }) {
  let snippet = 0;
  return (
    <div className="mt-3" data-testid="fix">
      <div className="flex items-center justify-between">
        <h4 className="text-sm font-medium">Fix</h4>
        <CopyButton text={toCopyText(fix)} label="Copy fix" />
      </div>
      {splitFix(fix).map((part, i) => {
        if (part.type === 'text') return <Prose key={i} text={part.text} />;
        snippet++;
        return (
          <div key={i} className="relative mt-1" data-testid="fix-snippet" data-applies={snippet === 1 ? 'true' : 'false'}>
            <pre className="overflow-x-auto rounded bg-slate-100 p-2 pr-20 text-xs dark:bg-slate-950">
              <code>{part.code}</code>
            </pre>
            <div className="absolute top-1 right-1">
              <CopyButton text={part.code} label={snippet === 1 ? 'Copy' : 'Copy this one'} />
            </div>
          </div>
        );
      })}
      {values && values.length > 0 && <FixValues values={values} />}
    </div>
  );
}
