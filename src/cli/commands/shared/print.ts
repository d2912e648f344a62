/** Human-readable finding lists for the CLI (without --json). */
import type { Finding } from '../../../core/findings';
import type { CliIO } from '../../framework';

export function printFindings(io: CliIO, findings: Finding[]): void {
	if (findings.length === 0) {
		io.stdout('No problems found.\n');
		return;
	}
	for (const f of findings) {
		io.stdout(`${f.severity.toUpperCase().padEnd(7)} ${f.code}${f.uncertain ? ' (sources disagree)' : ''}\n  ${f.message}\n  fix: ${f.fix}\n`);
	}
}
