/**
 * National clouds: which cloud a resource URI, a tenant domain or a sign-in host belongs to, and the token endpoint
 * (also a client assertion's aud). Values from Microsoft's national-cloud documentation (entra-rules §4), written
 * out here rather than read from the kit's tables.
 */
import * as assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import { cloudOfHost, cloudOfLoginHost, cloudOfResource, cloudOfTenantDomain, isCloudName, tokenEndpoint } from '../../../src/core/token/clouds';

const code = (c: string) => (e: unknown) => e instanceof CoreError && e.code === c;

describe('token clouds: first-party resources', () => {
	const cases: [string, string, string][] = [
		['https://graph.microsoft.com', 'public', 'graph'],
		['https://graph.microsoft.com/.default', 'public', 'graph'],
		['  HTTPS://GRAPH.MICROSOFT.COM//  ', 'public', 'graph'],
		['https://graph.microsoft.us/', 'usgov', 'graph'],
		['https://microsoftgraph.chinacloudapi.cn/.default', 'china', 'graph'],
		['https://management.azure.com/', 'public', 'arm'],
		['https://management.core.windows.net/', 'public', 'arm'],
		['https://management.usgovcloudapi.net', 'usgov', 'arm'],
		['https://management.core.usgovcloudapi.net/', 'usgov', 'arm'],
		['https://management.chinacloudapi.cn', 'china', 'arm'],
		['https://management.core.chinacloudapi.cn', 'china', 'arm'],
		['https://vault.azure.net', 'public', 'keyVault'],
		['https://VAULT.usgovcloudapi.net/.default', 'usgov', 'keyVault'],
		['https://vault.azure.cn', 'china', 'keyVault'],
	];
	for (const [uri, cloud, kind] of cases) {
		it(`${uri.trim()} is ${cloud} ${kind}`, () => assert.deepEqual(cloudOfResource(uri), { cloud, kind }));
	}
	it('other resources are not guessed', () => {
		for (const uri of ['https://graph.microsoft.com/v1.0', 'api://orders', 'https://example.com', '', 'https://graph.microsoft.com/.default/x', 'https://graph.microsoft.comx']) {
			assert.equal(cloudOfResource(uri), undefined, uri);
		}
	});
});

describe('token clouds: tenant domains and sign-in hosts', () => {
	it('tenant domain suffixes', () => {
		assert.equal(cloudOfTenantDomain('contoso.onmicrosoft.com'), 'public');
		assert.equal(cloudOfTenantDomain(' Contoso.OnMicrosoft.US '), 'usgov');
		assert.equal(cloudOfTenantDomain('contoso.onmschina.cn'), 'china');
		assert.equal(cloudOfTenantDomain('contoso.com'), undefined);
		assert.equal(cloudOfTenantDomain('11111111-1111-1111-1111-111111111111'), undefined);
		assert.equal(cloudOfTenantDomain('onmicrosoft.community'), undefined);
	});
	it('sign-in hosts and their aliases', () => {
		const cases: [string, string | undefined][] = [
			['login.microsoftonline.com', 'public'],
			['LOGIN.WINDOWS.NET', 'public'],
			['login.microsoft.com', 'public'],
			['sts.windows.net', 'public'],
			['login.microsoftonline.us', 'usgov'],
			['login.usgovcloudapi.net', 'usgov'],
			['login.partner.microsoftonline.cn', 'china'],
			['login.chinacloudapi.cn', 'china'],
			['evil.microsoftonline.us', undefined],
			['evil.chinacloudapi.cn', undefined],
			['login.example.com', undefined],
			['login.microsoftonline.com.evil', undefined],
			['login.usgovcloudapi.network', undefined],
			['login.cnn', undefined],
			['graph.microsoft.com', undefined],
		];
		for (const [host, cloud] of cases) {
			assert.equal(cloudOfLoginHost(host), cloud, host);
		}
	});
	it('the primary host of each cloud; aliases are not primary hosts', () => {
		assert.equal(cloudOfHost('login.microsoftonline.com'), 'public');
		assert.equal(cloudOfHost('Login.MicrosoftOnline.US'), 'usgov');
		assert.equal(cloudOfHost('login.partner.microsoftonline.cn'), 'china');
		assert.equal(cloudOfHost('login.windows.net'), undefined);
		assert.equal(cloudOfHost('login.chinacloudapi.cn'), undefined);
	});
	it('cloud names: own names only', () => {
		for (const n of ['public', 'usgov', 'china']) {
			assert.equal(isCloudName(n), true, n);
		}
		for (const n of ['germany', 'Public', 'toString', '__proto__', '']) {
			assert.equal(isCloudName(n), false, n);
		}
	});
});

describe('token clouds: the token endpoint', () => {
	it('per cloud, tenant trimmed', () => {
		assert.equal(tokenEndpoint('public', ' contoso.onmicrosoft.com '), 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
		assert.equal(tokenEndpoint('usgov', '11111111-1111-1111-1111-111111111111'), 'https://login.microsoftonline.us/11111111-1111-1111-1111-111111111111/oauth2/v2.0/token');
		assert.equal(tokenEndpoint('china', 'contoso.onmschina.cn'), 'https://login.partner.microsoftonline.cn/contoso.onmschina.cn/oauth2/v2.0/token');
	});
	it('an unknown cloud is refused, naming the known ones', () => {
		assert.throws(() => tokenEndpoint('germany' as 'public', 't'), (e: unknown) => code('ERR_INVALID_OPTION')(e) && /'germany'.*public, usgov, china/.test((e as Error).message));
		assert.throws(() => tokenEndpoint('toString' as 'public', 't'), code('ERR_INVALID_OPTION'));
	});
	it('a tenant that is empty or not an ID or domain is refused', () => {
		for (const t of ['', '   ', 'contoso/evil', 'a b', 'https://x', 'contoso?x=1']) {
			assert.throws(() => tokenEndpoint('public', t), (e: unknown) => code('ERR_INVALID_OPTION')(e) && (e as Error).message.includes(`'${t}'`), JSON.stringify(t));
		}
	});
});
