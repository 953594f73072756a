import '../../lib/zod-jitless';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { holdPageOpen, pageDataClient, sendToBackground } from '../../components/app/runtime';
import { createOptionsApi } from '../../components/options/api';
import { OptionsApp } from '../../components/options/OptionsApp';
import { browser } from '../../lib/browser';
import { createSettingsStore } from '../../lib/data/settings-store';

const api = createOptionsApi({
  send: sendToBackground,
  data: pageDataClient(),
  settings: createSettingsStore(),
  permissions: browser.permissions,
  doc: document,
});

holdPageOpen();
createRoot(document.getElementById('root')!).render(<OptionsApp api={api} />);
