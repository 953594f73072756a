import '../../lib/zod-jitless';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { holdPageOpen, pageDataClient, sendToBackground } from '../../components/app/runtime';
import { createOptionsApi } from '../../components/options/api';
import { OptionsApp } from '../../components/options/OptionsApp';
import { browser } from '../../lib/browser';

const api = createOptionsApi({
  send: sendToBackground,
  data: pageDataClient(),
  permissions: browser.permissions,
  doc: document,
});

holdPageOpen();
createRoot(document.getElementById('root')!).render(<OptionsApp api={api} />);
