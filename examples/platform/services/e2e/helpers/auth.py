"""Staging auth helper of the end-to-end test framework (the code of incident 1)."""
import os


class StagingAuthHelper:
    def __init__(self, env=None):
        self.env = env if env is not None else os.environ

    def staging_jwt_secret(self):
        staging_jwt_secret = (
            self.env.get("JWT_SECRET_STAGING") or
            self.env.get("JWT_SECRET_KEY") or
            "7SVLKvh7mJNeF6njiRJMoZpUWLya3NfsvJfRHPc0-cYI7Oh80oXOUHuBNuMjUI4ghNTHFH0H7s9vf3S835ET5A"
        )
        return staging_jwt_secret

    def auth_url(self):
        return self.env.get("AUTH_SERVICE_URL", "http://auth-service:8080")
