import { CONTENT_SECURITY_POLICY_META } from '../../src-shared/ipc/bridge-protocol';

export { BRIDGE_PATH } from '../../src-shared/ipc/bridge-protocol';

/** The header form may also forbid framing, which a meta tag cannot. */
export const CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY_META}; frame-ancestors 'none'`;
