import { Link } from '@fluentui/react-components';
import type { DocLink } from '../../../src-shared/analysis/types';
import { getApi } from '../api';
import { useWizardStore, type ErrorPlace } from '../store/wizard-store';

/**
 * A Microsoft documentation link. It opens in the system browser through the
 * engine (which checks the allow-list); the app window itself never navigates.
 */
export function ExternalLink({ link, place }: { link: DocLink; place: ErrorPlace }) {
  const setError = useWizardStore(s => s.setError);
  return (
    <Link
      href={link.url}
      onClick={async event => {
        event.preventDefault();
        const result = await getApi().openExternal({ url: link.url });
        if (!result.ok) setError(place, result.error);
      }}
    >
      {link.title}
    </Link>
  );
}
