import { runExamples } from './examples-suite';
import { examples, zendesk } from './zendesk';

runExamples(zendesk, examples);
