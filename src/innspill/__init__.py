"""innspill: dialogue conference platform and archive of civil-society inputs."""

__version__ = "0.1.0"
