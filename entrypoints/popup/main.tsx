import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';

createRoot(document.getElementById('root')!).render(<h1 className="p-4 text-lg font-semibold">Seamline</h1>);
