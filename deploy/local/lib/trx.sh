# shellcheck shell=bash
# Counting test results from Visual Studio .trx files (what `dotnet test --logger trx` writes, one file per test
# project). Source it; defines gg_trx_count only.

# gg_trx_count DIR — prints "PASSED FAILED SKIPPED FILES" for every *.trx under DIR (recursively).
#   passed:  outcome Passed, PassedButRunAborted
#   skipped: outcome NotExecuted, Inconclusive, NotRunnable, Pending
#   failed:  every other outcome (Failed, Error, Timeout, Aborted, …), so an unknown outcome never hides a failure
# Results nested in <InnerResults> (data-driven rows under a parent result) are not counted twice: only top-level
# <UnitTestResult> elements count. perl is part of every Debian installation (perl-base).
gg_trx_count() {
  local dir=$1
  local -a files=()
  if [[ -d $dir ]]; then
    mapfile -d '' -t files < <(find "$dir" -type f -name '*.trx' -print0 | sort -z)
  fi
  if ((${#files[@]} == 0)); then
    printf '0 0 0 0\n'
    return 0
  fi
  perl -0777 -ne '
    s{<InnerResults>.*?</InnerResults>}{}gs;
    while (/<UnitTestResult\b((?:[^>"]|"[^"]*")*)>/g) {
      my $attrs = $1;
      my $outcome = $attrs =~ /\boutcome="([^"]*)"/ ? $1 : "";
      if    ($outcome =~ /^(Passed|PassedButRunAborted)$/)                  { $passed++ }
      elsif ($outcome =~ /^(NotExecuted|Inconclusive|NotRunnable|Pending)$/) { $skipped++ }
      else                                                                   { $failed++ }
    }
    END { printf "%d %d %d %d\n", $passed, $failed, $skipped, '"${#files[@]}"' }
  ' -- "${files[@]}"
}
