import '../../lib/zod-jitless';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { pageDataClient, sendToBackground } from '../../components/app/runtime';
import { createOptionsApi } from '../../components/options/api';
import { WelcomeApp } from '../../components/welcome/WelcomeApp';
import { browser } from '../../lib/browser';
import { createSettingsStore } from '../../lib/data/settings-store';

const api = createOptionsApi({
  send: sendToBackground,
  data: pageDataClient(),
  settings: createSettingsStore(),
  permissions: browser.permissions,
  doc: document,
});

createRoot(document.getElementById('root')!).render(<WelcomeApp api={api} settingsUrl={browser.runtime.getURL('/options.html')} />);
