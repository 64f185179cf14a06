/** Usage lines of the CLI commands, apart from their code so `--help` loads none of it. */

export const DIFF_USAGE = `  diff --base <rev> [cluster entry…]   objects added, removed and changed per cluster between a git
                                       revision and the working tree [--format text|markdown]`;

export const SECRETS_USAGE = `  secrets encrypt <file…>              encrypt plaintext files in place for the recipients of .sops.yaml
  secrets decrypt <file>               print a decrypted file (age key from SOPS_AGE_KEY(_FILE) or ~/.config/sops/age/keys.txt)
  secrets edit <file>                  decrypt into $VISUAL/$EDITOR (private temp file, always removed), re-encrypt when it closes
  secrets rotate <file…>               re-encrypt for the recipients .sops.yaml names now
  secrets check <path…>                every *.sops.yaml under the paths: encrypted, to its rule's recipients, MAC intact`;

export const CHECK_CHARTS_USAGE = `  check-charts <cluster entry…>        template every HelmRelease with the bundled Helm as helm-controller would and check
                                       what the charts create [--charts DIR] [--no-settings] [--cache DIR]`;
