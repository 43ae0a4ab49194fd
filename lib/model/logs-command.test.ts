import { describe, expect, it } from 'vitest';
import { kubectlLogsCommand } from './logs-command';

describe('kubectlLogsCommand', () => {
  it.each([
    { args: ['mesh', 'payments-7d4b9-x2x8k', 'istio-proxy'], command: 'kubectl logs -n mesh payments-7d4b9-x2x8k -c istio-proxy --previous --tail=200' },
    { args: ['mesh', "it's; rm -rf /", 'app'], command: `kubectl logs -n mesh 'it'\\''s; rm -rf /' -c app --previous --tail=200` },
  ])('reads the previous run of $args, quoted for a shell', ({ args, command }) => {
    const [namespace = '', pod = '', container = ''] = args;
    expect(kubectlLogsCommand(namespace, pod, container)).toBe(command);
  });
});
