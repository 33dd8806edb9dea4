import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the checked-in contract. `npm run -w client codegen` rewrites
 * src/app/graphql/generated.ts; CI regenerates it and fails when the checked-in file differs.
 */
const config: CodegenConfig = {
  schema: '../schema.graphql',
  // Each feature keeps its operations beside it (features/<feature>/*.graphql); shared ones in graphql/.
  documents: ['src/app/**/*.graphql'],
  generates: {
    'src/app/graphql/generated.ts': {
      plugins: ['typescript-operations', 'typescript-apollo-angular'],
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        useTypeImports: true,
        addExplicitOverride: true,
        serviceProvidedInRoot: true,
        apolloAngularVersion: 3,
        nonOptionalTypename: false,
        skipTypename: true,
        gqlImport: 'apollo-angular#gql',
      },
      hooks: {
        // The generated services' constructors lose their parameter type under jest (NG0202): the
        // base class already injects Apollo, so the constructor is dropped.
        afterOneFileWrite: ['node scripts/strip-generated-constructors.mjs'],
      },
    },
  },
};

export default config;
