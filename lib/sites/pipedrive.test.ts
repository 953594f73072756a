import { runExamples } from './examples-suite';
import { examples, pipedrive } from './pipedrive';

runExamples(pipedrive, examples);
