import { runExamples } from './examples-suite';
import { examples, hubspot } from './hubspot';

runExamples(hubspot, examples);
