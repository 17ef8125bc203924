"""juzhu (居住): the 流动人口服务管理信息系统 of Art 7 of the Ankang measure."""

__version__ = "0.1.0"
