/** Every command the extension contributes. package.json's contributes.commands must list exactly these. */
export enum CommandId {
	GenerateCertificate = 'entraCert.generateCertificate',
	ComputeThumbprint = 'entraCert.computeThumbprint',
	RefreshCertificates = 'entraCert.refreshCertificates',
	CopyValue = 'entraCert.copyValue',
	CopyX5t = 'entraCert.copyX5t',
	CopyX5tS256 = 'entraCert.copyX5tS256',
	RevealCertificate = 'entraCert.revealCertificate',
	UnlockPfx = 'entraCert.unlockPfx',
	OpenAtOffset = 'entraCert.openAtOffset',
	DecodeToken = 'entraCert.decodeToken',
	VerifyToken = 'entraCert.verifyToken',
	Diagnose = 'entraCert.diagnose',
	InsertKeyCredential = 'entraCert.insertKeyCredential',
	SignAssertion = 'entraCert.signAssertion',
	ExportPfx = 'entraCert.exportPfx',
}
