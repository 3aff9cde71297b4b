import unittest

from sflow_worker.requirements import check


class RequirementsTests(unittest.TestCase):
    def test_installed_standard_distributions_are_satisfied(self):
        # pip is installed wherever the worker runs a venv with pip; a nonsense name never is.
        result = check("# comment\npip>=1.0\nsflow-no-such-distribution==1.0\n-e git+https://x/y\n\n")
        self.assertEqual(["pip>=1.0"], result["satisfied"])
        self.assertEqual(["sflow-no-such-distribution==1.0", "-e git+https://x/y"], result["unmet"])

    def test_marker_for_another_python_is_satisfied(self):
        self.assertEqual(["futures; python_version < '3'"], check("futures; python_version < '3'")["satisfied"])

    def test_version_outside_specifier_is_unmet(self):
        self.assertEqual(["pip<1.0"], check("pip<1.0")["unmet"])


if __name__ == "__main__":
    unittest.main()
