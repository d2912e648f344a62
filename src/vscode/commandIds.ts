/** Every command the extension contributes. package.json's contributes.commands must list exactly these. */
export enum CommandId {
	GenerateCertificate = 'entraCert.generateCertificate',
	ComputeThumbprint = 'entraCert.computeThumbprint',
}
