import type { TlsFacts } from '../domain/facts';

type TlsVersion = TlsFacts['versions'][number];

/** Health Checker's summary of one TLS version's SCHANNEL values. */
export type TlsConfiguration = 'Enabled' | 'Disabled' | 'Half Disabled' | 'Misconfigured';

/**
 * One TLS version's state from its four SCHANNEL values as read (null = the value is not set),
 * the way Health Checker evaluates them (Shared/TLS/Get-AllTlsSettingsFromRegistry.ps1):
 * - an unset Enabled means on for 1.0–1.2 and off for 1.3; an unset DisabledByDefault means 0;
 * - Disabled: Enabled=0 on both sides, with DisabledByDefault 1 or not set (Enabled=0 alone is off);
 * - Half Disabled: Enabled=0 with DisabledByDefault explicitly 0, or Enabled=1 with DisabledByDefault=1;
 * - Misconfigured: server and client differ (this wins over the other two).
 * The probe's own `configuration` text is not used: this is the one definition.
 */
export function tlsConfiguration(v: TlsVersion): TlsConfiguration {
  const nullIsEnabled = v.version !== '1.3';
  const serverEnabled = v.serverEnabled ?? nullIsEnabled;
  const clientEnabled = v.clientEnabled ?? nullIsEnabled;
  const serverOff = v.serverDisabledByDefault ?? false;
  const clientOff = v.clientDisabledByDefault ?? false;
  if (serverEnabled !== clientEnabled || serverOff !== clientOff) return 'Misconfigured';
  const halfDisabled = (!serverEnabled && v.serverDisabledByDefault === false) || (serverEnabled && serverOff);
  if (halfDisabled) return 'Half Disabled';
  const disabled = !serverEnabled && v.serverDisabledByDefault !== false && !clientEnabled && v.clientDisabledByDefault !== false;
  return disabled ? 'Disabled' : 'Enabled';
}

/** The values Health Checker wants set explicitly (1.0–1.2: all four) that are not set. */
export function unsetTlsValues(v: TlsVersion): string[] {
  if (v.version === '1.3') return [];
  const names: Array<[keyof TlsVersion, string]> = [
    ['serverEnabled', 'Server Enabled'],
    ['serverDisabledByDefault', 'Server DisabledByDefault'],
    ['clientEnabled', 'Client Enabled'],
    ['clientDisabledByDefault', 'Client DisabledByDefault'],
  ];
  return names.filter(([key]) => v[key] === null).map(([, label]) => label);
}
