// `npm run openapi:export`: writes services/operator/openapi.json from the routes' schemas.
import { writeFileSync } from 'node:fs';
import { openApiDocument, openApiFile, openApiText } from './openapi-document.js';

writeFileSync(openApiFile, openApiText(await openApiDocument()));
process.stdout.write(`${openApiFile}\n`);
