"""The package layout: one import name, `nianbao`, over the project's top-level folders; metadata is in pyproject.toml.

scrapyd-deploy builds its egg through this file too (`setup.py bdist_egg`).
"""

from setuptools import find_packages, setup

# The folders the project is known by, installed as nianbao.<folder> (never as top-level names of their own).
FOLDERS = ("archive", "crawler", "demo", "extract", "pipelines", "publish")

setup(
    packages=["nianbao"] + [f"nianbao.{folder}" + (f".{sub}" if sub else "")
                            for folder in FOLDERS for sub in ["", *find_packages(folder)]],
    package_dir={"nianbao": "nianbao", **{f"nianbao.{folder}": folder for folder in FOLDERS}},
)
