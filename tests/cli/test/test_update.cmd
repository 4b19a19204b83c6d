# issue 14: klappt test --update writes the computed values into failing expectations (only the values; comments stay)
d=$(mktemp -d); cp -r tests/golden/rule_tests/. "$d"; rm "$d/tests/fehlerhaft.yaml"; (cd "$d" && klappt test --update .); diff -u tests/golden/rule_tests/tests/beispiel.yaml "$d/tests/beispiel.yaml" | tail -n +3; (cd "$d" && klappt test .); echo "exit $?"; rm -rf "$d"
